import '@atlaskit/css-reset/dist/bundle.css';
import { createRoot } from 'react-dom/client';
import { followTheme } from '../shared/bridge';
import { Panel } from './Panel';

followTheme();
createRoot(document.getElementById('root')!).render(<Panel />);
