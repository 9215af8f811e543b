package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/riverqueue/river"
	"gorm.io/gorm"

	"vmportal/models"
)

// webhookTimeout is how long a receiver has to answer an attempt.
const webhookTimeout = 10 * time.Second

// Headers of every webhook POST.
const (
	HeaderEvent     = "X-VMPortal-Event"
	HeaderDelivery  = "X-VMPortal-Delivery"
	HeaderSignature = "X-VMPortal-Signature"
)

// Sign is the X-VMPortal-Signature of body under secret:
// "sha256=" and the hex HMAC-SHA256. Receivers compute the same to check
// that a POST came from the portal.
func Sign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// webhookClient posts deliveries: 10 s per attempt, redirects followed
// only on the same host (a receiver cannot bounce a signed event, or the
// portal, elsewhere).
func webhookClient() *http.Client {
	return &http.Client{
		Timeout: webhookTimeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 5 || req.URL.Host != via[0].URL.Host {
				return http.ErrUseLastResponse
			}
			return nil
		},
	}
}

// webhookWorker delivers WebhookArgs jobs and logs each attempt.
type webhookWorker struct {
	river.WorkerDefaults[WebhookArgs]
	db     *gorm.DB
	client *http.Client
}

// Timeout leaves the attempt its 10 s and the log write a little more.
func (w *webhookWorker) Timeout(*river.Job[WebhookArgs]) time.Duration { return 2 * webhookTimeout }

// Work makes one attempt; a non-2xx answer or no answer is an error, so
// River retries it with backoff.
func (w *webhookWorker) Work(ctx context.Context, job *river.Job[WebhookArgs]) error {
	a := job.Args
	db := w.db.WithContext(ctx)
	hook, err := models.FindWebhook(db, a.WebhookID)
	if errors.Is(err, models.ErrNotFound) {
		return river.JobCancel(fmt.Errorf("notify: webhook %d was deleted", a.WebhookID))
	}
	if err != nil {
		return err
	}
	if !hook.Active && a.Event != pingEvent {
		return river.JobCancel(fmt.Errorf("notify: webhook %d is not active", a.WebhookID))
	}
	start := time.Now()
	status, postErr := w.post(ctx, hook, a)
	d := &models.WebhookDelivery{WebhookID: hook.ID, DeliveryID: a.DeliveryID, Event: a.Event,
		Attempt: job.Attempt, DurationMS: int(time.Since(start).Milliseconds()), AttemptedAt: start.UTC()}
	if status != 0 {
		d.StatusCode = &status
	}
	if postErr != nil {
		d.Error = postErr.Error()
	}
	if err := models.RecordDelivery(db, d); err != nil {
		return err
	}
	return postErr
}

// post sends the body signed with the webhook's secret and returns the
// answer's status; an error unless it is 2xx.
func (w *webhookWorker) post(ctx context.Context, hook *models.Webhook, a WebhookArgs) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, hook.URL, bytes.NewReader(a.Body))
	if err != nil {
		return 0, river.JobCancel(fmt.Errorf("notify: webhook %d url: %w", hook.ID, err))
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "VM-Portal-Webhook")
	req.Header.Set(HeaderEvent, a.Event)
	req.Header.Set(HeaderDelivery, a.DeliveryID)
	req.Header.Set(HeaderSignature, Sign(hook.Secret, a.Body))
	resp, err := w.client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("notify: post to webhook %d: %w", hook.ID, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Errorf("notify: webhook %d answered %s", hook.ID, resp.Status)
	}
	return resp.StatusCode, nil
}
