module argocd-tls-planner/limbo

go 1.26.4
