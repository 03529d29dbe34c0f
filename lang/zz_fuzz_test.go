package lang

import (
	"fmt"
	"os"
	"testing"
	"time"
)

func FuzzZZSlow(f *testing.F) {
	services, _ := os.ReadFile("testdata/services.hcl")
	f.Add(services)
	f.Add([]byte(prelude))
	f.Fuzz(func(t *testing.T, src []byte) {
		done := make(chan struct{})
		go func() {
			select {
			case <-done:
			case <-time.After(time.Second):
				os.WriteFile(fmt.Sprintf("/tmp/fz/slow-%d", time.Now().UnixNano()), src, 0o600)
			}
		}()
		LoadFiles(map[string][]byte{"f.hcl": src}, LoadOptions{})
		Format(src)
		close(done)
	})
}
