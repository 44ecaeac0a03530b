package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/conveyor-dev/conveyor/internal/localcloud"
	"github.com/conveyor-dev/conveyor/internal/localcloud/auth"
)

// groupsFlag collects repeated --group flags.
type groupsFlag []string

func (g *groupsFlag) String() string { return strings.Join(*g, ",") }

func (g *groupsFlag) Set(v string) error {
	if strings.TrimSpace(v) == "" {
		return fmt.Errorf("group must not be empty")
	}
	*g = append(*g, v)
	return nil
}

func tokenCmd(args []string) error {
	fs := flag.NewFlagSet("token", flag.ExitOnError)
	sub := fs.String("sub", "", "the user's ID (the token's subject); required")
	ttl := fs.Duration("ttl", time.Hour, "how long the token is valid")
	dataDir := fs.String("data-dir", "", "the --data-dir the local cloud runs with (default: build/local)")
	var groups groupsFlag
	fs.Var(&groups, "group", "a group the user belongs to, e.g. admin; repeatable")
	_ = fs.Parse(args)
	if *sub == "" {
		fs.Usage()
		return fmt.Errorf("--sub is required")
	}
	dir := *dataDir
	if dir == "" {
		root, err := moduleRoot()
		if err != nil {
			return err
		}
		dir = localcloud.StateDirFor(root)
	}
	keys, err := auth.LoadOrCreate(filepath.Join(dir, auth.KeyFile))
	if err != nil {
		return err
	}
	tok, err := keys.Issue(*sub, groups, *ttl)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(os.Stdout, tok)
	return err
}
