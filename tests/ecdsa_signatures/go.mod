module ecdsasignatures

go 1.26.4
