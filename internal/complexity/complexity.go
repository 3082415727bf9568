// Package complexity measures the cyclomatic complexity of Go functions the
// way gocyclo does: 1, plus one for each if, for, range, non-default case of
// a switch or select, && and ||. Function literals count towards the function
// that holds them.
package complexity

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
)

// Func is one function (or method) and its complexity.
type Func struct {
	Name       string // "pkg Func" or "pkg (*Recv).Method", as gocyclo names them
	Pos        token.Position
	Complexity int
}

// Of is the complexity of one function declaration.
func Of(fn *ast.FuncDecl) int {
	c := 1
	ast.Inspect(fn, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.IfStmt, *ast.ForStmt, *ast.RangeStmt:
			c++
		case *ast.CaseClause:
			if n.List != nil {
				c++
			}
		case *ast.CommClause:
			if n.Comm != nil {
				c++
			}
		case *ast.BinaryExpr:
			if n.Op == token.LAND || n.Op == token.LOR {
				c++
			}
		}
		return true
	})
	return c
}

// Name is the function's name as gocyclo prints it: the package, then the
// function or (receiver).method.
func Name(pkg string, fn *ast.FuncDecl) string {
	if fn.Recv == nil || len(fn.Recv.List) == 0 {
		return pkg + " " + fn.Name.Name
	}
	return pkg + " (" + recvString(fn.Recv.List[0].Type) + ")." + fn.Name.Name
}

func recvString(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.StarExpr:
		return "*" + recvString(t.X)
	case *ast.IndexExpr:
		return recvString(t.X)
	case *ast.IndexListExpr:
		return recvString(t.X)
	case *ast.Ident:
		return t.Name
	}
	return "?"
}

// File measures every function declared in one Go source file; a generated
// file (one with the "Code generated ... DO NOT EDIT." line) gives none.
func File(fset *token.FileSet, path string) ([]Func, error) {
	f, err := parser.ParseFile(fset, path, nil, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	if ast.IsGenerated(f) {
		return nil, nil
	}
	var out []Func
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		out = append(out, Func{Name: Name(f.Name.Name, fn), Pos: fset.Position(fn.Pos()), Complexity: Of(fn)})
	}
	return out, nil
}

// Tree measures every function in the .go files under root, tests included,
// skipping hidden directories, testdata and vendor (the go tool's own rule
// for what is not part of the module's packages).
func Tree(root string) ([]Func, error) {
	fset := token.NewFileSet()
	var out []Func
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "vendor" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || !d.Type().IsRegular() {
			return nil
		}
		fns, err := File(fset, path)
		if err != nil {
			return err
		}
		out = append(out, fns...)
		return nil
	})
	return out, err
}
