package ldaptest

import "fmt"

// slapdConf is a minimal slapd.conf: the standard schemas, one mdb
// database in dir, TLS with the test certificate, passwords usable only to
// bind.
func slapdConf(dir, cert, key, ca string) string {
	return fmt.Sprintf(`include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile %[1]s/slapd.pid
argsfile %[1]s/slapd.args
TLSCACertificateFile %[4]s
TLSCertificateFile %[2]s
TLSCertificateKeyFile %[3]s
database mdb
maxsize 16777216
suffix "%[5]s"
rootdn "%[6]s"
rootpw %[7]s
directory %[1]s/data
access to attrs=userPassword by anonymous auth by * none
access to * by users read by * none
`, dir, cert, key, ca, Suffix, RootDN, RootPassword)
}

// treeLDIF is the directory's content. groupOfNames needs at least one
// member, so each group keeps one besides those the tests move.
var treeLDIF = fmt.Sprintf(`dn: %[1]s
objectClass: dcObject
objectClass: organization
o: Example
dc: example

dn: ou=people,%[1]s
objectClass: organizationalUnit
ou: people

dn: ou=groups,%[1]s
objectClass: organizationalUnit
ou: groups

dn: ou=services,%[1]s
objectClass: organizationalUnit
ou: services

dn: %[2]s
objectClass: organizationalRole
objectClass: simpleSecurityObject
cn: portal
userPassword: %[3]s
%[4]s%[5]s%[6]s%[7]s
dn: cn=portal-admins,ou=groups,%[1]s
objectClass: groupOfNames
cn: portal-admins
member: uid=alice,ou=people,%[1]s
member: uid=carol,ou=people,%[1]s

dn: cn=portal-users,ou=groups,%[1]s
objectClass: groupOfNames
cn: portal-users
member: uid=alice,ou=people,%[1]s
member: uid=bob,ou=people,%[1]s
`, Suffix, ServiceDN, ServicePass,
	person("alice", "Alice Liddell", AlicePassword),
	person("bob", "Bob Builder", BobPassword),
	person("carol", "Carol Danvers", "carol-password-1"),
	person("dave", "Dave Outsider", DavePassword))

func person(uid, name, password string) string {
	return fmt.Sprintf(`
dn: uid=%[1]s,ou=people,%[4]s
objectClass: inetOrgPerson
uid: %[1]s
cn: %[2]s
sn: %[2]s
mail: %[1]s@example.org
userPassword: %[3]s
`, uid, name, password, Suffix)
}
