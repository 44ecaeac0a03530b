package eventbus_test

import (
	"testing"

	"github.com/conveyor-dev/conveyor/shared/kumotest"
)

func TestMain(m *testing.M) { kumotest.Main(m) }
