package web

import "testing"

// A page far larger than most is still rendered into a kept buffer after
// a long run of small ones: the pool must not calibrate itself to the
// small pages and then drop every large buffer (bytebufferpool's shared
// pool did, after 42,000 small ones). sync.Pool may drop any one buffer
// (the race detector drops a quarter of them on purpose), so the large
// buffer is offered back several times: a pool that keeps none never
// hands one out.
func TestLargeRenderBuffersAreKeptAfterManySmallOnes(t *testing.T) {
	const small, large = 2 << 10, 40 << 10
	for range 50_000 {
		b := getBuffer()
		b.B = append(b.B[:0], make([]byte, small)...)
		putBuffer(b)
	}
	for range 100 {
		b := getBuffer()
		if cap(b.B) >= large {
			return
		}
		b.B = append(b.B[:0], make([]byte, large)...)
		putBuffer(b)
	}
	t.Fatalf("no %d-byte buffer came back from the pool after 100 returns", large)
}

// A buffer beyond maxKeptBuffer is not kept.
func TestHugeRenderBuffersAreNotKept(t *testing.T) {
	for range 100 {
		b := getBuffer()
		if cap(b.B) > maxKeptBuffer {
			t.Fatalf("the pool handed out a %d-byte buffer; it keeps none over %d", cap(b.B), maxKeptBuffer)
		}
		b.B = make([]byte, 0, maxKeptBuffer+1)
		putBuffer(b)
	}
}
