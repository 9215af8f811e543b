package web

import (
	"sync"

	"github.com/valyala/bytebufferpool"
)

// renderBuffers holds the buffers pages and fragments are rendered into,
// kept at the size they grew to.
//
// bytebufferpool's shared pool is not used for them: it calibrates itself
// to the sizes most often returned to it and then drops every larger
// buffer. After a burst of small pages (the login page, thousands a
// second) it dropped each 40 KB list page's buffers, so every list page
// grew two new ones from a few kilobytes: 264 KiB allocated per list page
// instead of 148, twice the collections, until enough large pages had
// been rendered to calibrate it back.
var renderBuffers = sync.Pool{New: func() any { return new(bytebufferpool.ByteBuffer) }}

// maxKeptBuffer is the largest buffer renderBuffers keeps: a rare huge
// page is not held on to until the collector empties the pool.
const maxKeptBuffer = 1 << 20

// getBuffer returns an empty render buffer.
func getBuffer() *bytebufferpool.ByteBuffer {
	return renderBuffers.Get().(*bytebufferpool.ByteBuffer)
}

// putBuffer gives b back for another page; b must not be used after.
func putBuffer(b *bytebufferpool.ByteBuffer) {
	if cap(b.B) > maxKeptBuffer {
		return
	}
	b.Reset()
	renderBuffers.Put(b)
}
