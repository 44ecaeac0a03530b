package service_test

import (
	"testing"

	"github.com/conveyor-dev/conveyor/shared/kumotest"
)

// TestMain runs the tests against one emulator serving on KUMO_PORT, the
// local cloud's, so that EventBridge delivers to SQS (see kumotest.Main).
func TestMain(m *testing.M) { kumotest.Main(m) }
