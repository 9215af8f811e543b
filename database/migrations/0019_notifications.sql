-- Notifications: each user's choice to get email about their requests,
-- and the webhooks that tell provisioning automation about request events.
-- The queue itself is River's (river_job and friends), created by init-db
-- through River's own migrations.
ALTER TABLE users
    ADD COLUMN email_notifications boolean NOT NULL DEFAULT true;

-- One receiver of signed event POSTs. events lists the event names it
-- wants (request.created, …); secret signs each body (HMAC-SHA256).
CREATE TABLE webhooks (
    id         bigserial PRIMARY KEY,
    url        text        NOT NULL CHECK (url ~* '^https?://' AND length(url) <= 2000),
    secret     text        NOT NULL CHECK (length(secret) BETWEEN 1 AND 200),
    events     text[]      NOT NULL DEFAULT '{}',
    active     boolean     NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- One attempt to deliver an event to a webhook: its status code or the
-- error, and when. delivery_id is the X-VMPortal-Delivery header, shared by
-- the retries of one delivery.
CREATE TABLE webhook_deliveries (
    id           bigserial PRIMARY KEY,
    webhook_id   bigint      NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    delivery_id  text        NOT NULL,
    event        text        NOT NULL,
    attempt      integer     NOT NULL,
    status_code  integer,
    error        text        NOT NULL DEFAULT '',
    duration_ms  integer     NOT NULL DEFAULT 0,
    attempted_at timestamptz NOT NULL DEFAULT now()
);
-- The deliveries page: one webhook's latest attempts first.
CREATE INDEX webhook_deliveries_webhook_idx ON webhook_deliveries (webhook_id, id DESC);
-- The daily clean-up of old attempts.
CREATE INDEX webhook_deliveries_attempted_at_idx ON webhook_deliveries (attempted_at);
