import { CoreWidget } from './core-widget';
import { Widget } from './widget';

export default function Page() {
  return (
    <>
      <Widget />
      <CoreWidget />
    </>
  );
}
