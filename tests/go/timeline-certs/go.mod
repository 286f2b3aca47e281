module argocd-tls-planner/timeline-certs

go 1.26.4
