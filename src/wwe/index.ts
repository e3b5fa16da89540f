export { WwNginxStatic, WwNginxStaticOptions, WwNginxStaticProps, WweBrowserEndpoints } from './ww-nginx-static';
