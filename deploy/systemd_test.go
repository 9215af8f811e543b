package deploy_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestSystemdUnitsVerify runs `systemd-analyze verify` on every unit in
// deploy/systemd (the app, its instances, the nightly backup and its
// timer): no error and no warning (an unknown key or section is only a
// warning). The binary's path is rewritten to an executable that exists
// here, since verify checks it; the template unit is checked as an
// instance.
func TestSystemdUnitsVerify(t *testing.T) {
	t.Parallel()
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze not installed")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(moduleRoot(t), "deploy", "systemd")
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var units []string
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		unit := filepath.Join(dir, strings.Replace(e.Name(), "@.", "@8081.", 1))
		if err := os.WriteFile(unit, []byte(strings.ReplaceAll(string(b), "/opt/vmportal/vmportal", self)), 0o644); err != nil {
			t.Fatal(err)
		}
		units = append(units, unit)
	}
	for _, want := range []string{"vmportal.service", "vmportal@8081.service", "vmportal-backup.service", "vmportal-backup.timer"} {
		if _, err := os.Stat(filepath.Join(dir, want)); err != nil {
			t.Errorf("unit %s missing from deploy/systemd", want)
		}
	}
	cmd := exec.Command(analyze, append([]string{"verify"}, units...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Fatalf("systemd-analyze verify: %v\n%s", err, out)
	}
}
