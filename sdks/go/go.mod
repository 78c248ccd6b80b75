module github.com/parley-dev/parley-go

go 1.24
