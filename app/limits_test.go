package app

import (
	"testing"

	"github.com/valyala/fasthttp"
)

func TestRouteLimitsWidenOnlyTheImportAndTheExports(t *testing.T) {
	t.Parallel()
	cases := []struct {
		method, uri string
		want        fasthttp.RequestConfig
	}{
		{"POST", "/vms/import", fasthttp.RequestConfig{MaxRequestBodySize: importBodyLimit}},
		{"POST", "/vms/import?x=1", fasthttp.RequestConfig{MaxRequestBodySize: importBodyLimit}},
		{"POST", "/vms/import/3", fasthttp.RequestConfig{}},
		{"POST", "/vms/new", fasthttp.RequestConfig{}},
		{"GET", "/vms/import", fasthttp.RequestConfig{}},
		{"GET", "/vms.csv?q=web", fasthttp.RequestConfig{WriteTimeout: exportWriteTimeout}},
		{"GET", "/audit.csv", fasthttp.RequestConfig{WriteTimeout: exportWriteTimeout}},
		{"GET", "/vms", fasthttp.RequestConfig{}},
	}
	for _, tc := range cases {
		var h fasthttp.RequestHeader
		h.SetMethod(tc.method)
		h.SetRequestURI(tc.uri)
		if got := routeLimits(&h); got != tc.want {
			t.Errorf("%s %s: %+v, want %+v", tc.method, tc.uri, got, tc.want)
		}
	}
}
