package apptest

import "net/url"

// RequestForm is a request form for a VM named name that passes every
// rule, as the browser posts it to /vms/new.
func RequestForm(name string) url.Values {
	return url.Values{
		"vm_name": {name}, "request_date": {"2026-11-20"}, "cpus": {"4"}, "ram_gb": {"16"}, "disk_gb": {"200"},
		"physical_location": {"DC1"}, "virtual_host": {"esx-01"}, "operating_system": {"Debian 12"},
		"requestor_name": {"Ada Lovelace"}, "requestor_email": {"ada@example.com"},
		"primary_admin_name": {"Grace Hopper"}, "primary_admin_email": {"grace@example.com"},
		"secondary_admin_name": {""}, "secondary_admin_email": {""},
		"backup_required": {"Yes"}, "backup_frequency": {"Weekly"},
		"vlan_id": {"10", "20"}, "vlan_name": {"web", ""},
		"notes": {"first line\nsecond line"},
	}
}
