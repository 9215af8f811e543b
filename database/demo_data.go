package database

import "vmportal/models"

var (
	demoApps = []string{"web", "api", "crm", "erp", "hr", "payroll", "billing", "mail", "wiki", "git",
		"ci", "db", "cache", "search", "etl", "bi", "ldap", "dns", "proxy", "vpn",
		"backup", "monitor", "logs", "files", "print", "intranet", "shop", "portal", "chat", "sso"}
	demoEnvs       = []string{"prod", "pre", "test", "dev", "qa", "lab"}
	demoFirstNames = []string{"Ana", "Luis", "Marta", "Javier", "Lucía", "Carlos", "Elena", "Pablo", "Sara", "David",
		"Laura", "Miguel", "Irene", "Jorge", "Paula", "Sergio", "Nuria", "Raúl", "Clara", "Diego"}
	demoLastNames = []string{"García", "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Martín",
		"Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Álvarez", "Romero", "Navarro", "Torres", "Ramos",
		"Gil", "Serrano"}
	demoLocations = []struct{ name, code string }{
		{"Madrid DC1", "mad1"}, {"Madrid DC2", "mad2"}, {"Barcelona DC", "bcn1"},
		{"Frankfurt Colo", "fra1"}, {"Dublin Cloud Zone A", "dub1"}, {"Lisbon DR Site", "lis1"},
	}
	demoOSes = []string{"Ubuntu 24.04 LTS", "Ubuntu 22.04 LTS", "Debian 12", "Red Hat Enterprise Linux 9",
		"Rocky Linux 9", "AlmaLinux 9", "Oracle Linux 8", "SUSE Linux Enterprise 15",
		"Windows Server 2022", "Windows Server 2019"}
	demoVLANs = []models.VLAN{{VLANID: 10, Name: "mgmt"}, {VLANID: 20, Name: "servers"}, {VLANID: 30, Name: "backup"},
		{VLANID: 40, Name: "storage"}, {VLANID: 100, Name: "dmz"}, {VLANID: 110, Name: "web"},
		{VLANID: 200, Name: "db"}, {VLANID: 300, Name: "dev"}, {VLANID: 400, Name: "test"}, {VLANID: 999}}
	demoNotes = []string{
		"Needed for the quarterly release.",
		"Replaces an old physical server; migrate data before decommissioning.",
		"Temporary: can be removed after the pilot ends.",
		"Please place it in the same cluster as its database.",
		"Load tests expected in the first month; size may be reviewed.",
		"Requested by the project steering committee.",
	}
	demoRejectReasons = []string{
		"Duplicate of an existing VM; reuse it instead.",
		"Not enough capacity in the requested cluster this quarter.",
		"Missing budget approval from the cost centre.",
		"The requested OS is no longer supported.",
		"Sizing is far above what the application needs.",
	}
	demoCancelReasons = []string{
		"The project was postponed to next year.",
		"Merged into another request.",
		"The application moved to a managed service.",
	}
	demoDecommissionReasons = []string{
		"Replaced by a newer VM.",
		"The pilot ended.",
		"The application was retired.",
	}
)
