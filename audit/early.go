package audit

import "github.com/unleash-tokens/unleash-tokens/api"

// The project every Unleash server makes and will not delete or archive.
// Its tokens are asked for with the first requests rather than after the
// project list, which is one of the slowest answers (a real 8.2.0 with
// 5,000 tokens: 130-350 ms): on most servers the default project is the
// list's only project, and waiting for the list to learn its name put that
// time in front of every audit. The answer is used only if the list names
// the project; else it is dropped, as if never asked.
const defaultProject = "default"

// earlyProject is a project's token list asked for before the project list
// came in.
type earlyProject struct {
	id   string
	done chan struct{} // closed when toks and err are set
	toks []api.APIToken
	err  error
}

// askEarly asks for the project's tokens now, in a slot like any request.
func (g *gatherer) askEarly(id string) *earlyProject {
	e := &earlyProject{id: id, done: make(chan struct{})}
	g.request(func() {
		defer close(e.done)
		e.toks, e.err = g.client.ListProjectTokens(g.ctx, id)
	})
	return e
}

// useEarly adds the early answer as the project's source once it is in,
// without holding a request slot while it waits.
func (g *gatherer) useEarly(e *earlyProject) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		<-e.done
		g.addProjectTokens(e.id, e.toks, e.err)
		e.toks = nil
	}()
}
