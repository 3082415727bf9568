// Package metrics is serve-metrics' daemon: it audits on a schedule, one
// round at a time, and serves the last result over HTTP for Prometheus, with
// /healthz and /readyz for a service manager. Only GET and HEAD are answered,
// only for the Host names it is told of (against DNS rebinding), and TLS and
// basic auth come from Prometheus' exporter-toolkit web config file, as every
// exporter does it.
package metrics

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/exporter-toolkit/web"

	"github.com/unleash-tokens/unleash-tokens/audit"
)

// Auditor audits what the server watches, once.
type Auditor func(ctx context.Context) []audit.Instance

// Options are what a Service is made of.
type Options struct {
	Listen        string   // the --listen address: its host is served
	AllowedHosts  []string // more Host names to answer to (--allowed-host)
	WebConfigFile string   // exporter-toolkit's web config (TLS, basic auth); "" for plain HTTP
	Log           io.Writer
	OnRound       func(Round) // when set, called after each round, before the next one can start
}

// Round is one audit's outcome, as the metrics show it.
type Round struct {
	Instances []audit.Instance // as served: a failed instance carries its LastGood
	Took      time.Duration
}

// Service audits and serves the metrics.
type Service struct {
	o     Options
	hosts hostList

	mu       sync.Mutex
	text, om []byte // the last round's exposition in each format; nil before the first
	lastGood map[string]*audit.Report
}

// The formats /metrics speaks: Prometheus text 0.0.4 unless OpenMetrics is
// asked for.
var (
	textFormat = expfmt.NewFormat(expfmt.TypeTextPlain)
	omFormat   = expfmt.NewFormat(expfmt.TypeOpenMetrics)
)

// New checks the options: the Host names, and the web config file (its
// YAML, its certificates, its password hashes), so that a mistake stops the
// start rather than every scrape.
func New(o Options) (*Service, error) {
	if o.Log == nil {
		o.Log = io.Discard
	}
	hosts, err := newHostList(o.Listen, o.AllowedHosts)
	if err != nil {
		return nil, err
	}
	if o.WebConfigFile != "" {
		if err := web.Validate(o.WebConfigFile); err != nil {
			return nil, fmt.Errorf("--web.config.file %s: %v", o.WebConfigFile, err)
		}
	}
	return &Service{o: o, hosts: hosts, lastGood: map[string]*audit.Report{}}, nil
}

// Hosts are the Host names the service answers to, for its start-up line.
func (s *Service) Hosts() []string { return s.hosts.list() }

// Run audits with run at once and then at each tick, one round at a time,
// and serves the last result on ln until ctx ends.
func (s *Service) Run(ctx context.Context, ln net.Listener, tick <-chan time.Time, run Auditor) error {
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: time.Minute, MaxHeaderBytes: 16 << 10,
		ErrorLog: log.New(s.o.Log, "unleash-tokens: ", 0)} // net/http's own lines start "http: "
	// exporter-toolkit says what it does at Info ("Listening on", "TLS is
	// enabled"); the start-up line says that, so only its warnings show.
	logger := slog.New(slog.NewTextHandler(s.o.Log, &slog.HandlerOptions{Level: slog.LevelWarn}))
	served := make(chan error, 1)
	go func() {
		served <- web.Serve(ln, srv, &web.FlagConfig{WebConfigFile: &s.o.WebConfigFile}, logger)
	}()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	audits := make(chan struct{})
	go func() {
		defer close(audits)
		for {
			s.Round(ctx, run)
			select {
			case <-ctx.Done():
				return
			case <-tick:
			}
		}
	}()
	var err error
	select {
	case <-ctx.Done():
	case err = <-served: // the server failed (a TLS file that went away): the audits stop with it
	}
	shutdown, done := context.WithTimeout(context.Background(), 5*time.Second)
	defer done()
	if serr := srv.Shutdown(shutdown); err == nil {
		err = serr
	}
	cancel()
	<-audits
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// Round runs one audit and keeps its result. An instance that could not be
// audited keeps its last good tokens (audit.Instance.LastGood) beside its
// own failing health.
func (s *Service) Round(ctx context.Context, run Auditor) {
	started := time.Now()
	ins := run(ctx)
	if ctx.Err() != nil {
		return // stopping: a cancelled audit is no result
	}
	var words []string
	for i := range ins {
		in := &ins[i]
		label := in.Label()
		switch {
		case !in.Failed():
			s.lastGood[label] = in.Report
			if in.Complete() {
				words = append(words, label+" ok")
			} else {
				words = append(words, fmt.Sprintf("%s incomplete (%d sources failed)", label, len(in.Report.Failed())))
			}
		default:
			words = append(words, label+" failed: "+in.Problem())
			in.LastGood = s.lastGood[label] // nil when it never succeeded
		}
	}
	families := audit.MetricFamilies(ins, audit.Output{Now: time.Now()})
	text, err := encode(families, textFormat)
	var om []byte
	if err == nil {
		om, err = encode(families, omFormat)
	}
	if err != nil {
		fmt.Fprintln(s.o.Log, "unleash-tokens: writing the metrics:", err)
		return
	}
	s.mu.Lock()
	s.text, s.om = text, om
	s.mu.Unlock()
	took := time.Since(started)
	fmt.Fprintf(s.o.Log, "unleash-tokens: %s audited in %s: %s\n", time.Now().UTC().Format(time.RFC3339),
		took.Round(time.Millisecond), strings.Join(words, "; "))
	if s.o.OnRound != nil {
		s.o.OnRound(Round{Instances: ins, Took: took})
	}
}

func encode(families []*dto.MetricFamily, format expfmt.Format) ([]byte, error) {
	var b bytes.Buffer
	enc := expfmt.NewEncoder(&b, format)
	for _, f := range families {
		if err := enc.Encode(f); err != nil {
			return nil, err
		}
	}
	if c, ok := enc.(expfmt.Closer); ok {
		if err := c.Close(); err != nil { // OpenMetrics' "# EOF"
			return nil, err
		}
	}
	return b.Bytes(), nil
}

// ServeHTTP answers GET and HEAD for a known Host: /metrics, /healthz,
// /readyz and / (which says where they are).
func (s *Service) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	if !s.hosts.allows(r.Host) {
		// Not the request's Host echoed back: a page may be reading this.
		http.Error(w, "unleash-tokens serve-metrics answers only to "+strings.Join(s.hosts.list(), ", ")+
			" (add a name with --allowed-host)", http.StatusMisdirectedRequest)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "only GET and HEAD are answered here", http.StatusMethodNotAllowed)
		return
	}
	s.mu.Lock()
	text, om := s.text, s.om
	s.mu.Unlock()
	switch r.URL.Path {
	case "/metrics":
	case "/healthz":
		plain(w, http.StatusOK, "ok")
		return
	case "/readyz":
		if text == nil {
			plain(w, http.StatusServiceUnavailable, "not ready: the first audit has not finished")
			return
		}
		plain(w, http.StatusOK, "ready")
		return
	case "/":
		plain(w, http.StatusOK, "unleash-tokens: the metrics are at /metrics; /healthz says it runs, /readyz that an audit has finished")
		return
	default:
		http.NotFound(w, r)
		return
	}
	h.Add("Vary", "Accept")
	if text == nil {
		http.Error(w, "no audit has finished yet", http.StatusServiceUnavailable)
		return
	}
	body, ctype := text, string(textFormat)
	if f := expfmt.NegotiateIncludingOpenMetrics(r.Header); f.FormatType() == expfmt.TypeOpenMetrics {
		body, ctype = om, string(omFormat)
		if strings.Contains(string(f), "version="+expfmt.OpenMetricsVersion_0_0_1) {
			ctype = strings.Replace(ctype, expfmt.OpenMetricsVersion_1_0_0, expfmt.OpenMetricsVersion_0_0_1, 1)
		}
	}
	h.Set("Content-Type", ctype)
	h.Set("Content-Length", fmt.Sprint(len(body)))
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(body)
}

func plain(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(code)
	fmt.Fprintln(w, msg)
}
