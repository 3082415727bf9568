package metrics

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v2"
)

// deployDir holds the deployment files the README points to.
const deployDir = "../deploy"

// TestDeploySystemdUnit: deploy/systemd/unleash-tokens-metrics.service runs
// serve-metrics with the hardening the README promises, and
// systemd-analyze verify finds nothing to say about it (run where
// systemd-analyze is installed; UNLEASH_TOKENS_REQUIRE_SYSTEMD=1 fails
// rather than skips without it).
func TestDeploySystemdUnit(t *testing.T) {
	path := filepath.Join(deployDir, "systemd", "unleash-tokens-metrics.service")
	unit, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		"DynamicUser=yes", "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes",
		"CapabilityBoundingSet=", "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX", "SystemCallFilter=@system-service",
		"LoadCredential=unleash-token:/etc/unleash-tokens/token", "Restart=on-failure", "WantedBy=multi-user.target",
	} {
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(line) + `$`).Match(unit) {
			t.Errorf("%s has no line %q", path, line)
		}
	}
	exec1 := regexp.MustCompile(`(?m)^ExecStart=(/usr/local/bin/unleash-tokens serve-metrics .*)$`).FindSubmatch(unit)
	if exec1 == nil || !strings.Contains(string(exec1[1]), "--listen 127.0.0.1:9810") || !strings.Contains(string(exec1[1]), "--token-file %d/unleash-token") {
		t.Fatalf("%s: ExecStart %q", path, exec1)
	}

	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		if os.Getenv("UNLEASH_TOKENS_REQUIRE_SYSTEMD") == "1" {
			t.Fatal("systemd-analyze is required here: apt-get install -y systemd")
		}
		t.Skip("systemd-analyze is not installed (apt-get install -y systemd)")
	}
	// verify wants the program to exist: the test binary stands in for it.
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(t.TempDir(), "unleash-tokens-metrics.service")
	if err := os.WriteFile(copyPath, bytes.ReplaceAll(unit, []byte("/usr/local/bin/unleash-tokens"), []byte(self)), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(analyze, "verify", copyPath).CombinedOutput()
	if err != nil || len(bytes.TrimSpace(out)) > 0 { // verify exits 0 on an unknown key or a bad value: it only says so
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
	// A unit it should fault, to know that it looks.
	bad := filepath.Join(t.TempDir(), "bad.service")
	if err := os.WriteFile(bad, []byte("[Service]\nExecStart="+self+"\nProtectSystem=strictest\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, _ := exec.Command(analyze, "verify", bad).CombinedOutput(); !bytes.Contains(out, []byte("strictest")) {
		t.Errorf("systemd-analyze verify let a bad value pass: %s", out)
	}
	// The exposure systemd-analyze security gives it (0 best, 10 worst).
	out, err = exec.Command(analyze, "security", "--offline=true", copyPath).CombinedOutput()
	if m := regexp.MustCompile(`Overall exposure level for \S+: ([0-9.]+)`).FindSubmatch(out); err == nil && m != nil {
		var level float64
		fmt.Sscan(string(m[1]), &level)
		t.Logf("systemd-analyze security: exposure %s", m[1])
		if level > 2 {
			t.Errorf("exposure %s, want 2 or less", m[1])
		}
	}
}

// TestDeployKubernetes: deploy/kubernetes parses as Kubernetes objects that
// fit together: a Deployment running serve-metrics on :9810 with health and
// readiness probes on /healthz and /readyz and a locked-down container; a
// Service selecting its pods and naming the port; a ServiceMonitor
// selecting the Service and scraping /metrics on that port.
func TestDeployKubernetes(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(deployDir, "kubernetes", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no manifests: %v", err)
	}
	objects := readObjects(t, files)
	dep, svc, mon := objects["Deployment"], objects["Service"], objects["ServiceMonitor"]
	if dep.APIVersion != "apps/v1" || svc.APIVersion != "v1" || mon.APIVersion != "monitoring.coreos.com/v1" {
		t.Fatalf("objects %v", slices.Sorted(mapKeys(objects)))
	}
	pod := dep.Spec.Template.Metadata.Labels
	if !subset(selector(dep), pod) || dep.Spec.Replicas == nil || *dep.Spec.Replicas != 1 {
		t.Errorf("Deployment: selector %v, pod labels %v, replicas %v", selector(dep), pod, dep.Spec.Replicas)
	}
	if !subset(selector(svc), pod) {
		t.Errorf("the Service selects %v, the pods are %v", selector(svc), pod)
	}
	if !subset(selector(mon), svc.Metadata.Labels) {
		t.Errorf("the ServiceMonitor selects %v, the Service has %v", selector(mon), svc.Metadata.Labels)
	}
	if len(dep.Spec.Template.Spec.Containers) != 1 || !dep.Spec.Template.Spec.SecurityContext.RunAsNonRoot {
		t.Fatalf("Deployment: %d containers, runAsNonRoot %v", len(dep.Spec.Template.Spec.Containers), dep.Spec.Template.Spec.SecurityContext.RunAsNonRoot)
	}
	checkContainer(t, dep.Spec.Template.Spec.Containers[0])
	if len(svc.Spec.Ports) != 1 || svc.Spec.Ports[0].Name != "metrics" || svc.Spec.Ports[0].TargetPort != "metrics" {
		t.Errorf("Service ports %+v", svc.Spec.Ports)
	}
	if len(mon.Spec.Endpoints) != 1 || mon.Spec.Endpoints[0].Port != "metrics" || mon.Spec.Endpoints[0].Path != "/metrics" {
		t.Errorf("ServiceMonitor endpoints %+v", mon.Spec.Endpoints)
	}
}

// The parts of the Kubernetes objects TestDeployKubernetes reads.
type k8sProbe struct {
	HTTPGet *struct {
		Path string
		Port string
	} `yaml:"httpGet"`
}
type k8sContainer struct {
	Name  string
	Image string
	Args  []string
	Env   []struct {
		Name      string
		Value     string
		ValueFrom *struct {
			SecretKeyRef *struct{ Name, Key string } `yaml:"secretKeyRef"`
		} `yaml:"valueFrom"`
	}
	Ports []struct {
		Name          string
		ContainerPort int `yaml:"containerPort"`
	}
	LivenessProbe   *k8sProbe `yaml:"livenessProbe"`
	ReadinessProbe  *k8sProbe `yaml:"readinessProbe"`
	SecurityContext struct {
		AllowPrivilegeEscalation *bool `yaml:"allowPrivilegeEscalation"`
		ReadOnlyRootFilesystem   bool  `yaml:"readOnlyRootFilesystem"`
		Capabilities             struct{ Drop []string }
	} `yaml:"securityContext"`
}
type k8sObject struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string
	Metadata   struct {
		Name   string
		Labels map[string]string
	}
	Spec struct {
		Replicas *int
		Selector map[string]any
		Template struct {
			Metadata struct{ Labels map[string]string }
			Spec     struct {
				SecurityContext struct {
					RunAsNonRoot bool `yaml:"runAsNonRoot"`
				} `yaml:"securityContext"`
				Containers []k8sContainer
			}
		}
		Ports []struct {
			Name       string
			Port       int
			TargetPort string `yaml:"targetPort"`
		}
		Endpoints []struct {
			Port     string
			Path     string
			Interval string
		}
	}
}

// readObjects decodes every object of the manifests, by kind.
func readObjects(t *testing.T, files []string) map[string]k8sObject {
	t.Helper()
	objects := map[string]k8sObject{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dec := yaml.NewDecoder(bytes.NewReader(data))
		for {
			var o k8sObject
			if err := dec.Decode(&o); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			if o.Kind == "" || o.APIVersion == "" || o.Metadata.Name == "" {
				t.Fatalf("%s: an object without kind, apiVersion or name", f)
			}
			objects[o.Kind] = o
		}
	}
	return objects
}

// selector is an object's selector: a Service's is the labels, a
// Deployment's and a ServiceMonitor's has them under matchLabels.
func selector(o k8sObject) map[string]string {
	sel := o.Spec.Selector
	if ml, ok := sel["matchLabels"].(map[any]any); ok && o.Kind != "Service" {
		sel = map[string]any{}
		for k, v := range ml {
			sel[fmt.Sprint(k)] = v
		}
	}
	out := map[string]string{}
	for k, v := range sel {
		out[k] = fmt.Sprint(v)
	}
	return out
}

// subset reports whether a selector (not empty) selects the labels.
func subset(sel, labels map[string]string) bool {
	for k, v := range sel {
		if labels[k] != v {
			return false
		}
	}
	return len(sel) > 0
}

// checkContainer: serve-metrics on :9810, probed on /healthz and /readyz,
// locked down, its token from a Secret.
func checkContainer(t *testing.T, c k8sContainer) {
	t.Helper()
	args := strings.Join(c.Args, " ")
	if !strings.HasPrefix(args, "serve-metrics ") || !strings.Contains(args, "--listen :9810") {
		t.Errorf("args %q", args)
	}
	if len(c.Ports) != 1 || c.Ports[0].Name != "metrics" || c.Ports[0].ContainerPort != 9810 {
		t.Errorf("ports %+v", c.Ports)
	}
	if c.LivenessProbe == nil || c.LivenessProbe.HTTPGet == nil || c.LivenessProbe.HTTPGet.Path != "/healthz" || c.LivenessProbe.HTTPGet.Port != "metrics" ||
		c.ReadinessProbe == nil || c.ReadinessProbe.HTTPGet == nil || c.ReadinessProbe.HTTPGet.Path != "/readyz" || c.ReadinessProbe.HTTPGet.Port != "metrics" {
		t.Errorf("probes %+v %+v", c.LivenessProbe, c.ReadinessProbe)
	}
	sc := c.SecurityContext
	if sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation || !sc.ReadOnlyRootFilesystem || !slices.Equal(sc.Capabilities.Drop, []string{"ALL"}) {
		t.Errorf("container securityContext %+v", sc)
	}
	var token bool
	for _, e := range c.Env {
		if e.Name == "UNLEASH_API_TOKEN" {
			token = e.Value == "" && e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil && e.ValueFrom.SecretKeyRef.Name != ""
		}
	}
	if !token {
		t.Error("UNLEASH_API_TOKEN does not come from a Secret")
	}
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}
