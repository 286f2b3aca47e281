module argocd-tls-planner/interop

go 1.26.4
