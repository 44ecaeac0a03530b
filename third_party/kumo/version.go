// Package kumo provides a lightweight AWS service emulator for CI/CD environments.
package kumo

// Version is the current version of kumo.
const Version = "0.33.1"
