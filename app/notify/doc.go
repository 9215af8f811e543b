// Package notify tells people and machines what happened to requests:
// email to the people concerned and signed JSON POSTs to webhooks.
//
// Everything goes through a durable queue in PostgreSQL (River,
// github.com/riverqueue/river). A request event is queued in the same
// transaction as the change that causes it: Queue.Attach hooks the audit
// trail, so every request.* audit row on a request (created, updated, each
// decision, a comment) queues its notifications as it is written, and a
// rolled-back change queues nothing. Each mail recipient and each webhook
// gets a job of its own, so a retry never repeats what already went out.
//
// Workers (started by serve) send the jobs: mail through an SMTP relay
// (github.com/wneessen/go-mail), each in its recipient's language, webhooks over HTTP(S) with an HMAC
// signature. Failures are retried with exponential backoff for more than
// a day (Backoff). Several instances share the queue; River hands each job
// to one of them.
package notify
