/**
 * ECharts through its modular core (the full build is 3.3 MB): only the charts and components the
 * dashboard panels use are registered, rendered on canvas.
 */
import { BarChart, GaugeChart, HeatmapChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapContinuousComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  LineChart,
  BarChart,
  HeatmapChart,
  GaugeChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  VisualMapContinuousComponent,
  CanvasRenderer,
]);

export { echarts };
