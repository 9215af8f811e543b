-- Values already used for Physical Location, Virtual Host and Operating
-- System, offered as suggestions on the request form. Kept by the request
-- save callbacks, so the form never has to scan vm_requests for DISTINCT
-- values.
CREATE TABLE vm_suggestions (
    field text NOT NULL CHECK (field IN ('physical_location', 'virtual_host', 'operating_system')),
    value text NOT NULL CHECK (length(value) BETWEEN 1 AND 200),
    PRIMARY KEY (field, value)
);
INSERT INTO vm_suggestions (field, value)
SELECT DISTINCT 'physical_location', physical_location FROM vm_requests
UNION SELECT DISTINCT 'virtual_host', virtual_host FROM vm_requests
UNION SELECT DISTINCT 'operating_system', operating_system FROM vm_requests;
