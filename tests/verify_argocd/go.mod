module verifyargocd

go 1.26.4
