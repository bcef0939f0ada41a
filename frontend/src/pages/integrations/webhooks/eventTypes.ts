/** The choices of an endpoint's event types: every type, then each group as "group.*". */
export function eventTypeOptions(types: readonly { name: string; description: string }[]) {
  const groups = [...new Set(types.filter((x) => x.name.includes('.')).map((x) => x.name.split('.')[0]))];
  return [
    ...groups.map((g) => ({ value: `${g}.*`, label: `${g}.*` })),
    ...types.filter((x) => x.name !== 'ping').map((x) => ({ value: x.name, label: x.name, title: x.description })),
  ];
}
