// The main series as small line charts (echarts, canvas renderer; no HTML tooltips, so no inline styles under
// the page's Content-Security-Policy).
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { GridComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, GridComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

const COLORS = { screened: '#4fc3f7', fever: '#ffb74d', positives: '#ff5252', inQuarantine: '#ce93d8' };

export class Charts {
  constructor(container, metrics) {
    this.metrics = metrics;
    this.charts = new Map();
    this.points = new Map();
    for (const m of metrics) {
      const figure = document.createElement('figure');
      figure.className = 'chart';
      figure.dataset.metric = m.key;
      const caption = document.createElement('figcaption');
      caption.textContent = m.zh + ' · ' + m.en;
      const box = document.createElement('div');
      box.className = 'chart-box';
      box.setAttribute('role', 'img');
      box.setAttribute('aria-label', m.en + ', last 30 days');
      figure.append(caption, box);
      container.appendChild(figure);
      const chart = echarts.init(box, null, { renderer: 'canvas' });
      this.charts.set(m.key, chart);
    }
    window.addEventListener('resize', () => this.charts.forEach(c => c.resize()));
  }

  set(metric, points) {
    this.points.set(metric, points.map(p => ({ day: p.day, value: p.value })));
    this.draw(metric);
  }

  /** A live figure for one day: replaces that day's point (or appends it). */
  update(metric, day, value) {
    const points = this.points.get(metric);
    if (!points || value === null || value === undefined) return;
    const p = points.find(x => x.day === day);
    if (p) p.value = value;
    else if (!points.length || day > points[points.length - 1].day) points.push({ day, value });
    else return;
    this.draw(metric);
  }

  draw(metric) {
    const chart = this.charts.get(metric);
    const points = this.points.get(metric) || [];
    chart.setOption({
      animation: false,
      grid: { left: 64, right: 16, top: 16, bottom: 36 },
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      xAxis: {
        type: 'category',
        data: points.map(p => p.day.slice(5)),
        axisLabel: { color: '#e8eef5', fontSize: 14 },
        axisLine: { lineStyle: { color: '#8a9bb0' } },
      },
      yAxis: {
        type: 'value',
        minInterval: 1,
        axisLabel: { color: '#e8eef5', fontSize: 14 },
        splitLine: { lineStyle: { color: '#2c3a4d' } },
      },
      series: [{
        type: 'line',
        data: points.map(p => p.value),
        showSymbol: false,
        lineStyle: { width: 3, color: COLORS[metric] || '#fff' },
        itemStyle: { color: COLORS[metric] || '#fff' },
        areaStyle: { opacity: 0.15, color: COLORS[metric] || '#fff' },
      }],
    });
  }

  clear() {
    this.points.clear();
    this.charts.forEach(c => c.clear());
  }
}
