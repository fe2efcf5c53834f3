import '@atlaskit/css-reset/dist/bundle.css';
import { createRoot } from 'react-dom/client';
import { followTheme } from '../shared/bridge';
import { AdminApp } from './AdminApp';

followTheme();
createRoot(document.getElementById('root')!).render(<AdminApp />);
