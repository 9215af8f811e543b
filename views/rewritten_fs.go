package views

import (
	"bytes"
	"io"
	"io/fs"
	"strings"
)

// rewrittenFS is a file system whose templates (.html) are passed through
// rewrite when opened, so that what never changes while the process runs
// is written into them before they are parsed; other files are as they
// are.
type rewrittenFS struct {
	fs.FS
	rewrite func(src []byte) []byte
}

// Open returns name rewritten, for a template; anything else as it is.
func (r rewrittenFS) Open(name string) (fs.File, error) {
	f, err := r.FS.Open(name)
	if err != nil || !strings.HasSuffix(name, ".html") {
		return f, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	src, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	out := r.rewrite(src)
	return &memFile{Reader: bytes.NewReader(out), info: sizedInfo{info, int64(len(out))}}, nil
}

// memFile is a rewritten template, read from memory.
type memFile struct {
	*bytes.Reader
	info fs.FileInfo
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Close() error               { return nil }

// sizedInfo is a file's information with the rewritten size.
type sizedInfo struct {
	fs.FileInfo
	size int64
}

func (i sizedInfo) Size() int64 { return i.size }
