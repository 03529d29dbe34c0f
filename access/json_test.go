package access_test

import "encoding/json"

func js(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
