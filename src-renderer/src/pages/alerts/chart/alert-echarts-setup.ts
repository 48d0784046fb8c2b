/**
 * ECharts for the Alerts page through its modular core: line charts with the threshold drawn as a mark
 * line and the pending and firing periods as mark areas, on canvas. Registering is idempotent, so this
 * and the dashboards' setup can both run.
 */
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, MarkAreaComponent, CanvasRenderer]);

export { echarts };
