module argocd-tls-planner/edge

go 1.26.4
