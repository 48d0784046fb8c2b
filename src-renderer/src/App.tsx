export function App() {
  return <main>Novel Engine Console</main>;
}
