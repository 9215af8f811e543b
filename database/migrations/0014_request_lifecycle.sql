-- The request lifecycle of SPEC §8: a request can also end Cancelled (from
-- Pending or Approved) or Decommissioned (from Active). Existing rows are
-- in the old statuses and satisfy every constraint below unchanged.

-- The two new statuses.
ALTER TABLE vm_requests
    DROP CONSTRAINT vm_requests_status_check,
    ADD CONSTRAINT vm_requests_status_check
        CHECK (status IN ('Pending', 'Approved', 'Rejected', 'Active', 'Cancelled', 'Decommissioned'));

-- Every ending carries its reason, as a rejection always has.
ALTER TABLE vm_requests
    DROP CONSTRAINT vm_requests_reject_reason,
    ADD CONSTRAINT vm_requests_ending_reason
        CHECK (status NOT IN ('Rejected', 'Cancelled', 'Decommissioned') OR decision_reason <> '');

-- A request that ended frees its VM name: names are unique, ignoring case,
-- among requests that are not Rejected, Cancelled or Decommissioned. The
-- new index covers fewer rows than the old one, so building it cannot fail.
DROP INDEX vm_requests_vm_name_live_key;
CREATE UNIQUE INDEX vm_requests_vm_name_live_key ON vm_requests (lower(vm_name))
    WHERE status NOT IN ('Rejected', 'Cancelled', 'Decommissioned');
