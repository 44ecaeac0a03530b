// Package watch reports the saves to a Go module's source files, for the
// local cloud's live reload: it watches every package directory of the
// module (fsnotify watches one directory at a time, so it adds each one,
// and each new one as it appears), leaves out what is no source of the
// module's functions (build output, the CDK's output and node modules,
// version control, test data, nested modules), and turns the bursts of
// events an editor makes for one save into one batch.
package watch
