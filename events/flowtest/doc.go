// Package flowtest holds end-to-end tests of event flows through the whole
// local cloud: every declared function built and run as a process, the
// HTTP gateway, the stream and queue pollers, and EventBridge rules
// routing to queues. It has no code of its own.
package flowtest
