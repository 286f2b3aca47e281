module signatureoracle

go 1.26.4
