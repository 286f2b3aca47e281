module rsasignatures

go 1.26.4
