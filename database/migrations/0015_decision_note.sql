-- The optional Note an admin may give with an approval (SPEC §8), kept
-- apart from decision_reason so that the history reads "Approval Note" for
-- an approval and "Reason" for a rejection, cancellation or
-- decommissioning. Existing requests have none.
ALTER TABLE vm_requests
    ADD COLUMN decision_note text NOT NULL DEFAULT '' CHECK (length(decision_note) <= 2000);
