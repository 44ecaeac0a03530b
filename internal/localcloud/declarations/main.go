// Command declarations prints every service's declaration, functions.All(),
// as JSON. The local cloud's live reload builds and runs it from the tree
// being edited: the running local cloud has the declarations of its own
// build compiled in, and this is how it learns that a save changed them.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/conveyor-dev/conveyor/functions"
)

func main() {
	if err := json.NewEncoder(os.Stdout).Encode(functions.All()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
