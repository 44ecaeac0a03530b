// Package fnbuild compiles the functions the service declarations name, one
// bootstrap binary each, the way Lambda's provided.al2023 runtime expects
// them: build/<function>/bootstrap.
package fnbuild
