package eventbus_test

import (
	"testing"

	"github.com/conveyor-dev/conveyor/internal/localcloud/emulator/emulatortest"
)

func TestMain(m *testing.M) { emulatortest.Main(m) }
