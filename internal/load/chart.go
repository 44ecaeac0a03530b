package load

import (
	"fmt"
	"image/color"
	"io"
	"maps"
	"math"
	"slices"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// The chart's colours: saga in blue, accept in orange, settled in green.
var (
	colourSaga     = color.NRGBA{R: 31, G: 119, B: 180, A: 90}
	colourSagaP99  = color.NRGBA{R: 20, G: 60, B: 120, A: 255}
	colourAccept   = color.NRGBA{R: 255, G: 127, B: 14, A: 110}
	colourSent     = color.NRGBA{R: 128, G: 128, B: 128, A: 255}
	colourAccepted = color.NRGBA{R: 255, G: 127, B: 14, A: 255}
	colourSettled  = color.NRGBA{R: 44, G: 160, B: 44, A: 255}
)

// WritePNG draws the run as a PNG: each order's accept and saga latency
// against when it was sent, with the saga p99 of each second, above the
// rates at which orders were sent, accepted and settled.
func (rep *Report) WritePNG(w io.Writer) error {
	latency, err := rep.latencyPlot()
	if err != nil {
		return err
	}
	rates, err := rep.ratePlot()
	if err != nil {
		return err
	}
	img := vgimg.NewWith(vgimg.UseWH(26*vg.Centimeter, 20*vg.Centimeter), vgimg.UseDPI(110), vgimg.UseBackgroundColor(color.White))
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: 2, Cols: 1, PadX: vg.Millimeter, PadY: 4 * vg.Millimeter,
		PadTop: 2 * vg.Millimeter, PadBottom: 2 * vg.Millimeter, PadLeft: 2 * vg.Millimeter, PadRight: 4 * vg.Millimeter}
	// One time axis for both, from the start of the run.
	latency.X.Min, rates.X.Min = 0, 0
	latency.X.Max = max(latency.X.Max, rates.X.Max)
	rates.X.Max = latency.X.Max
	plots := [][]*plot.Plot{{latency}, {rates}}
	canvases := plot.Align(plots, tiles, dc)
	latency.Draw(canvases[0][0])
	rates.Draw(canvases[1][0])
	_, err = vgimg.PngCanvas{Canvas: img}.WriteTo(w)
	return err
}

// seconds is a duration on the charts' time axis.
func seconds(d time.Duration) float64 { return d.Seconds() }

// millis is a latency on the log axis, at least 1 ms.
func millis(d time.Duration) float64 {
	return math.Max(1, float64(d)/float64(time.Millisecond))
}

func (rep *Report) latencyPlot() (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = fmt.Sprintf("conveyor load %s: %d orders at %g/s — latency by the time each order was sent", rep.RunID, rep.Orders, rep.Rate)
	p.X.Label.Text = "seconds into the run"
	p.Y.Label.Text = "latency (ms, log scale)"
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = plot.LogTicks{Prec: -1}
	p.Legend.Top, p.Legend.Left = true, true
	p.Add(plotter.NewGrid())

	var saga, accept plotter.XYs
	perSecond := map[int][]time.Duration{}
	for _, pt := range rep.points {
		if pt.answered >= 0 {
			accept = append(accept, plotter.XY{X: seconds(pt.at), Y: millis(pt.accept)})
		}
		if pt.saga >= 0 {
			saga = append(saga, plotter.XY{X: seconds(pt.at), Y: millis(pt.saga)})
			s := int(pt.at / time.Second)
			perSecond[s] = append(perSecond[s], pt.saga)
		}
	}
	var p99 plotter.XYs
	for _, s := range slices.Sorted(maps.Keys(perSecond)) {
		p99 = append(p99, plotter.XY{X: float64(s) + 0.5, Y: millis(time.Duration(percentiles(perSecond[s]).P99))})
	}
	if len(saga)+len(accept) == 0 {
		// An empty plot still needs a range on its log axis.
		p.Y.Min, p.Y.Max = 1, 1000
		return p, nil
	}
	for _, series := range []struct {
		name   string
		xys    plotter.XYs
		colour color.Color
	}{{"saga", saga, colourSaga}, {"accept", accept, colourAccept}} {
		if len(series.xys) == 0 {
			continue
		}
		s, err := plotter.NewScatter(series.xys)
		if err != nil {
			return nil, err
		}
		s.GlyphStyle.Color = series.colour
		s.GlyphStyle.Radius = vg.Points(1.2)
		s.GlyphStyle.Shape = draw.CircleGlyph{}
		p.Add(s)
		p.Legend.Add(series.name, s)
	}
	if len(p99) > 0 {
		l, err := plotter.NewLine(p99)
		if err != nil {
			return nil, err
		}
		l.Color, l.Width = colourSagaP99, vg.Points(1.5)
		p.Add(l)
		p.Legend.Add("saga p99 of each second", l)
	}
	// Room above the points for the legend.
	p.Y.Max *= 4
	return p, nil
}

func (rep *Report) ratePlot() (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = "orders per second"
	p.X.Label.Text = "seconds into the run"
	p.Y.Label.Text = "orders/s"
	p.Y.Min = 0
	p.Legend.Top, p.Legend.Left = true, true
	p.Add(plotter.NewGrid())
	sent, accepted, settled := map[int]int{}, map[int]int{}, map[int]int{}
	last, top := 0, 1
	for _, pt := range rep.points {
		for _, c := range []struct {
			at     time.Duration
			counts map[int]int
		}{{pt.at, sent}, {pt.answered, accepted}, {pt.settled, settled}} {
			if c.at < 0 {
				continue
			}
			s := int(c.at / time.Second)
			c.counts[s]++
			last, top = max(last, s), max(top, c.counts[s])
		}
	}
	for _, series := range []struct {
		name   string
		counts map[int]int
		colour color.Color
		dashed bool
	}{{"sent", sent, colourSent, true}, {"accepted", accepted, colourAccepted, false}, {"settled", settled, colourSettled, false}} {
		xys := make(plotter.XYs, 0, last+1)
		for s := 0; s <= last; s++ {
			xys = append(xys, plotter.XY{X: float64(s) + 0.5, Y: float64(series.counts[s])})
		}
		l, err := plotter.NewLine(xys)
		if err != nil {
			return nil, err
		}
		l.Color, l.Width = series.colour, vg.Points(1.5)
		if series.dashed {
			l.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
		}
		p.Add(l)
		p.Legend.Add(series.name, l)
	}
	// Room above the lines for the legend.
	p.Y.Max = float64(top) * 1.35
	return p, nil
}
