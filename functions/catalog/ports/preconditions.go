package ports

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/conveyor-dev/conveyor/functions/catalog/app"
	"github.com/conveyor-dev/conveyor/shared/apperr"
)

// etag is a product version as a strong entity tag: "3".
func etag(version int64) string { return `"` + strconv.FormatInt(version, 10) + `"` }

// preconditionFrom reads If-Match and If-None-Match. If-Match takes "*" or
// one version, quoted as ETag gives it or bare; If-None-Match takes "*".
func preconditionFrom(r *http.Request) (app.Precondition, error) {
	var p app.Precondition
	if v := strings.TrimSpace(r.Header.Get("If-Match")); v != "" {
		if v == "*" {
			p.MustExist = true
		} else {
			n, err := strconv.ParseInt(strings.Trim(v, `"`), 10, 64)
			if err != nil || n < 1 || strings.HasPrefix(v, "W/") {
				return p, apperr.Validation(apperr.FieldError{
					Field: "If-Match", Reason: `must be * or one product version, e.g. "3"`,
				})
			}
			p.Version = n
		}
	}
	if v := strings.TrimSpace(r.Header.Get("If-None-Match")); v != "" {
		if v != "*" {
			return p, apperr.Validation(apperr.FieldError{
				Field: "If-None-Match", Reason: "must be * (create only) on a write",
			})
		}
		p.MustNotExist = true
	}
	if p.MustNotExist && (p.MustExist || p.Version != 0) {
		return p, apperr.Validation(apperr.FieldError{
			Field: "If-None-Match", Reason: "cannot be combined with If-Match",
		})
	}
	return p, nil
}
