export * from './ww-nginx-static';
