module argocd-tls-planner/handshake

go 1.26.4
