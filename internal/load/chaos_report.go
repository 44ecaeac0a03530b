package load

import (
	"encoding/json"
	"fmt"
	"image/color"
	"io"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/conveyor-dev/conveyor/internal/chaos"
)

// writeText adds the chaos part of the report: faults by kind, what
// survived them and what was lost.
func (c *ChaosReport) writeText(b *strings.Builder) {
	fmt.Fprintf(b, "  chaos        faults on for %s: %s\n", c.On, describeFaults(c.Faults, c.ProviderErrorRate))
	for _, k := range chaos.Kinds {
		if n := c.Injected[k]; n > 0 {
			fmt.Fprintf(b, "    %-42s %d\n", k, n)
		}
	}
	fmt.Fprintf(b, "    %-42s %d\n", "faults injected (all kinds)", c.Total)
	if c.Survived == c.Total {
		fmt.Fprintf(b, "    %-42s %d of %d\n", "faults survived", c.Survived, c.Total)
	} else {
		fmt.Fprintf(b, "    %-42s not shown: something was lost\n", "faults survived")
	}
	fmt.Fprintf(b, "    %-42s %d\n", "orders lost", c.Lost)
	fmt.Fprintf(b, "    %-42s %d\n", "duplicated effects", c.DuplicatedEffects)
	fmt.Fprintf(b, "    %-42s %d\n", "API requests retried after a lost answer", c.Retries)
	if c.Resolved > 0 {
		fmt.Fprintf(b, "    %-42s %d\n", "orders sent again once the faults were off", c.Resolved)
	}
	for _, d := range c.DeadLetters {
		reason := "no reason logged"
		if len(d.Reasons) > 0 {
			reason = d.Reasons[len(d.Reasons)-1]
		}
		fmt.Fprintf(b, "    dead letter  %s %s in %s (redriven %v): %.200s\n", d.EventType, d.MessageID, d.Queue, d.Redriven, reason)
	}
}

// WriteChaosJSON writes the chaos part of the report as indented JSON;
// nothing for a run without faults.
func (rep *Report) WriteChaosJSON(w io.Writer) error {
	if rep.Chaos == nil {
		return nil
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		RunID      string       `json:"runId"`
		Orders     int          `json:"offeredOrders"`
		Rate       float64      `json:"offeredRate"`
		Settled    int          `json:"settled"`
		Passed     bool         `json:"passed"`
		Invariants []Invariant  `json:"invariants"`
		Chaos      *ChaosReport `json:"chaos"`
	}{rep.RunID, rep.Orders, rep.Rate, rep.Settled, rep.Passed, rep.Invariants, rep.Chaos})
}

// The chaos chart's colours: faults in red, outcomes in green and grey.
var (
	colourFault = color.NRGBA{R: 214, G: 39, B: 40, A: 255}
	colourOK    = color.NRGBA{R: 44, G: 160, B: 44, A: 255}
	colourLost  = color.NRGBA{R: 90, G: 90, B: 90, A: 255}
)

// WriteChaosPNG draws the faults injected by kind beside what became of
// the orders: settled, lost, duplicated effects and dead letters. It
// fails for a run without faults.
func (rep *Report) WriteChaosPNG(w io.Writer) error {
	c := rep.Chaos
	if c == nil {
		return fmt.Errorf("the run injected no fault")
	}
	faults := plot.New()
	faults.Title.Text = fmt.Sprintf("conveyor load %s under faults: %d injected while %d orders were offered at %g/s", rep.RunID, c.Total, rep.Orders, rep.Rate)
	faults.X.Label.Text = "faults injected"
	var names []string
	var values plotter.Values
	for _, k := range slices.Backward(chaos.Kinds) {
		names = append(names, string(k))
		values = append(values, float64(c.Injected[k]))
	}
	bars, err := plotter.NewBarChart(values, vg.Points(11))
	if err != nil {
		return err
	}
	bars.Horizontal = true
	bars.Color, bars.LineStyle.Width = colourFault, 0
	faults.Add(bars, plotter.NewGrid())
	faults.NominalY(names...)
	faults.X.Min = 0

	outcome := plot.New()
	outcome.Title.Text = fmt.Sprintf("what became of the orders (%s)", map[bool]string{true: "PASS", false: "FAIL"}[rep.Passed])
	outcome.X.Label.Text = "orders or messages"
	labels := []string{"dead letters redriven", "duplicated effects", "orders lost", "orders settled"}
	redriven := 0
	for _, d := range c.DeadLetters {
		if d.Redriven {
			redriven++
		}
	}
	counts := []float64{float64(redriven), float64(c.DuplicatedEffects), float64(c.Lost), float64(rep.Settled)}
	for i, colour := range []color.Color{colourLost, colourFault, colourFault, colourOK} {
		vals := make(plotter.Values, len(counts))
		vals[i] = counts[i]
		b, err := plotter.NewBarChart(vals, vg.Points(11))
		if err != nil {
			return err
		}
		b.Horizontal, b.Color, b.LineStyle.Width = true, colour, 0
		outcome.Add(b)
	}
	outcome.Add(plotter.NewGrid())
	outcome.NominalY(labels...)
	outcome.X.Min = 0

	img := vgimg.NewWith(vgimg.UseWH(26*vg.Centimeter, 20*vg.Centimeter), vgimg.UseDPI(110), vgimg.UseBackgroundColor(color.White))
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: 2, Cols: 1, PadX: vg.Millimeter, PadY: 6 * vg.Millimeter,
		PadTop: 2 * vg.Millimeter, PadBottom: 2 * vg.Millimeter, PadLeft: 2 * vg.Millimeter, PadRight: 4 * vg.Millimeter}
	canvases := plot.Align([][]*plot.Plot{{faults}, {outcome}}, tiles, dc)
	faults.Draw(canvases[0][0])
	outcome.Draw(canvases[1][0])
	_, err = vgimg.PngCanvas{Canvas: img}.WriteTo(w)
	return err
}
