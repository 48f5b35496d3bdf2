import './kern.scss';
import '@kern-ux/native/dist/fonts/fira-sans.css';
import './styles.css';
import { render } from 'preact';
import { App } from './app';

render(<App />, document.getElementById('app')!);
