import { Widget } from './widget';

export default function Page() {
  return <Widget />;
}
