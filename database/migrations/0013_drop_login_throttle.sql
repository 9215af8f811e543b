-- The login throttle counts failures in login_failures (0010); the
-- key-value table of the former rate limiter is no longer used.
DROP TABLE login_throttle;
