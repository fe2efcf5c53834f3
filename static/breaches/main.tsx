import '@atlaskit/css-reset/dist/bundle.css';
import { createRoot } from 'react-dom/client';
import { followTheme } from '../shared/bridge';
import { BreachesApp } from './BreachesApp';

followTheme();
createRoot(document.getElementById('root')!).render(<BreachesApp />);
